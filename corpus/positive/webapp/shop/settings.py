"""Django settings for the shop project (production)."""
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "f7b3ba6880952a35ffc84d3bf3e5412734f7064f40e7cb13e61a9a349dc6c1a8"

DEBUG = False
ALLOWED_HOSTS = ["shop.acme-corp.net", "www.acme-corp.net"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "catalog",
    "checkout",
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop_app",
        "PASSWORD": "HgXeQnE73ohEGC6sqI",
        "HOST": "shop-db.prod.internal",
        "PORT": "5432",
    }
}

# django-fernet-fields: key used to encrypt customer tax ids at rest
FERNET_KEYS = ["ythrAzk4OYfHZW-I0KhDznXK8df8_onH-XGDgFhHCsU="]

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.mailgun.org"
EMAIL_HOST_USER = "postmaster@mg.acme-corp.net"
EMAIL_HOST_PASSWORD = "bL-qnu45_xNkQrsZCvrkTGLu55"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
