"""Sends SMS verification codes through Twilio."""
from twilio.rest import Client

TWILIO_ACCOUNT_SID = "ACb0a210b47cd809497b34f90b445312ec"
TWILIO_AUTH_TOKEN = "1e30240dbbccfdf4b3a1254bf2f63601"
FROM_NUMBER = "+15017122661"


def send_code(to: str, code: str) -> str:
    client = Client(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)
    message = client.messages.create(body=f"Your code is {code}", from_=FROM_NUMBER, to=to)
    return message.sid
