"""Reads configuration from the environment; nothing secret lives in this file."""
import os

SECRET_KEY = os.environ["SECRET_KEY"]
DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///dev.db")
STRIPE_API_KEY = os.getenv("STRIPE_API_KEY")
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY", "")
password = os.environ["DB_PASSWORD"]
api_key = settings.get_secret("weather/api_key")
token = request.headers.get("Authorization", "").removeprefix("Bearer ")
