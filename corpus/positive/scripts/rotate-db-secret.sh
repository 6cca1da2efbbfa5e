#!/bin/sh
# One-off: seed the new database password in Secrets Manager (ticket OPS-2291).
set -e
aws secretsmanager create-secret \
  --name prod/orders/db-password \
  --description "orders primary database password" \
  --secret-string "db2fc140bc314b05720eea528241bb1f72c3b4e047e19a4dcce626635380f940"
echo "done; now run terraform apply in terraform/prod"
