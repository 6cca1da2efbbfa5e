package config

import "fmt"

// DSN builds the go-sql-driver/mysql data source name, e.g.
// user:password@tcp(localhost:3306)/dbname?parseTime=true
func DSN(user, pass, host string, port int, name string) string {
	return fmt.Sprintf("%s:%s@tcp(%s:%d)/%s?parseTime=true", user, pass, host, port, name)
}
