<?php
/** The base configuration for WordPress */

define( 'DB_NAME', 'wp_marketing' );
define( 'DB_USER', 'wp_marketing' );
define( 'DB_PASSWORD', 'K6k5-NLJKdx3mKRI3C56HC3s' );
define( 'DB_HOST', 'mysql-01.internal' );
define( 'DB_CHARSET', 'utf8mb4' );

define( 'AUTH_KEY', 'NMG0UliMMUDUJcS151UrONJZF1l36R717ZLqWpNOrt2bJpb1kaNiJ0i0WdVYqPZb' );

$table_prefix = 'wp_';
define( 'WP_DEBUG', false );

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
