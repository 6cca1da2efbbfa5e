'use strict';

const { Pool } = require('pg');
const Redis = require('ioredis');

const pool = new Pool({
  host: 'pg-orders.prod.internal',
  port: 5432,
  user: 'orders_api',
  password: 'K2aNrTk0H4tRI904823',
  database: 'orders',
  max: 20,
});

const sessions = new Redis({ host: 'sessions.cache.internal', port: 6380, password: '3xLYbTN489RRgjB4LGef1', tls: {} });

module.exports = { pool, sessions };
