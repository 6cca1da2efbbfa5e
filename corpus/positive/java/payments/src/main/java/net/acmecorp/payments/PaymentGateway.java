package net.acmecorp.payments;

import com.stripe.Stripe;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCreateParams;

public final class PaymentGateway {
  private static final String PARTNER_API_SECRET = "SyrXP458XjFMQtOgP623SgwzlgMaQRjESbgS6S8r";

  static {
    Stripe.apiKey = "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";
  }

  public PaymentIntent charge(long amountCents, String currency) throws Exception {
    PaymentIntentCreateParams params =
        PaymentIntentCreateParams.builder().setAmount(amountCents).setCurrency(currency).build();
    return PaymentIntent.create(params);
  }
}
