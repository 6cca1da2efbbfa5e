resource "random_password" "db" {
  length  = 32
  special = false
}

resource "aws_db_instance" "orders" {
  identifier        = "orders-${var.environment}"
  engine            = "postgres"
  instance_class    = var.instance_type
  username          = var.db_username
  password          = random_password.db.result
  allocated_storage = 100
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({ password = random_password.db.result })
}

variable "db_password" {
  type      = string
  sensitive = true
}
