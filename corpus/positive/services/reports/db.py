"""Connections for the nightly report jobs."""
import psycopg2
import pymysql

REPLICA_CONNINFO = "host=pg-replica.reports.internal port=5432 dbname=reports user=reports password='GWs7YOo9Z7c\\'VWD4qnU5t' sslmode=require"


def warehouse():
    return psycopg2.connect(
        host="warehouse.c8w2kq1lmn4p.eu-central-1.rds.amazonaws.com",
        dbname="warehouse",
        user="reports_ro",
        password="7FOVQ4GDKNxlCx6r2S25FeEd",
        connect_timeout=10,
    )


def replica():
    return psycopg2.connect(REPLICA_CONNINFO)


def legacy_crm():
    return pymysql.connect(host="10.30.2.14", user="crm_reader", passwd="gpbebxiboope", db="crm")
