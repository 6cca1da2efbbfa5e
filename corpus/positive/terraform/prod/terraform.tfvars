region          = "eu-west-1"
environment     = "prod"
instance_type   = "m6i.large"
db_username     = "app_admin"
db_password     = "zjY54r-6zOr0Kypf8kBF1UtV"
datadog_api_key = "0f17239fd807d3750d97c0123c54f4b4"
alert_emails    = ["oncall@acme-corp.net"]
