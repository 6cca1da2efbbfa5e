<?php
// Legacy storefront database helpers (to be replaced by the API).

function storefront_pdo(): PDO
{
    $dsn = 'mysql:host=mysql-store.shop.internal;dbname=storefront;charset=utf8mb4';
    return new PDO($dsn, 'storefront', 'anx12SJdTQ0unTycO', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
}

function stats_link()
{
    return mysqli_connect("10.40.1.9", "stats", "LmCsYPumktbPx97wbfoOqyK", "stats");
}
