// Stripe publishable keys are public by design: they ship to every browser.
const stripe = Stripe("pk_live_L8ju3njV2RicfdlQVBwrMuoOPkG5pbI5VaA6nxPgES9JYzHJKrMo8rShgeidXdfe68BIU7Eg81lcOEsEKaZZcD2lRrSU2AcLyw4");

export async function mountCard(el) {
  const elements = stripe.elements();
  const card = elements.create("card");
  card.mount(el);
  return card;
}
