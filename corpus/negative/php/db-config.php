<?php
$config = require __DIR__ . '/config.php';
$pdo = new PDO($config['dsn'], $config['user'], $config['password']);
$link = mysqli_connect("localhost", "root", "", "test");
$dev = new PDO("mysql:host=localhost;dbname=app", "app", "app");
$tpl = sprintf("%s:%s@tcp(%s:3306)/%s", $user, $pass, $host, $db);
