const { Pool } = require('pg');
const mysql = require('mysql2');
const { Sequelize } = require('sequelize');

const pool = new Pool({ host: process.env.PGHOST, user: process.env.PGUSER, password: process.env.PGPASSWORD });
const conn = mysql.createConnection({ host: 'localhost', user: 'root', password: '' });
const sequelize = new Sequelize(process.env.DB_NAME, process.env.DB_USER, process.env.DB_PASS, { dialect: 'postgres' });
const dev = new Pool({ user: 'postgres', password: 'postgres', host: 'localhost' });
