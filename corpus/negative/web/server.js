const express = require("express");
const Stripe = require("stripe");

const stripe = Stripe(process.env.STRIPE_SECRET_KEY);
const sessionSecret = process.env.SESSION_SECRET;
const password = process.env.DB_PASSWORD || "";
const apiKey = config.get("openai.apiKey");

const app = express();
app.use(require("express-session")({ secret: sessionSecret, resave: false }));
app.listen(process.env.PORT || 3000);
