import os

import psycopg2
import pymysql
import redis


def connect():
    return psycopg2.connect(
        host=os.environ["PGHOST"],
        user=os.environ["PGUSER"],
        password=os.environ["PGPASSWORD"],
        dbname="app",
    )


def connect_conninfo(host, user, password):
    return psycopg2.connect("host=%s user=%s password=%s dbname=app" % (host, user, password))


def cache():
    return redis.Redis(host="cache", port=6379, password=os.getenv("REDIS_PASSWORD"))


def legacy():
    return pymysql.connect(host="localhost", user="root", passwd="", db="test")
