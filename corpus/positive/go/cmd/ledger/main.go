package main

import (
	"database/sql"
	"log"
	"time"

	_ "github.com/go-sql-driver/mysql"
)

const ledgerDSN = "ledger:ZiNADQ3f8Po4oMBMD1U20R@tcp(mysql-ledger.finance.internal:3306)/ledger?parseTime=true&loc=UTC"

func openLedger() *sql.DB {
	db, err := sql.Open("mysql", ledgerDSN)
	if err != nil {
		log.Fatalf("open ledger: %v", err)
	}
	db.SetConnMaxLifetime(3 * time.Minute)
	return db
}

func openAudit() (*sql.DB, error) {
	return sql.Open("mysql", "audit:aRr6on8W@qRpVN7Tn2u@unix(/var/run/mysqld/mysqld.sock)/audit")
}

func main() {
	db := openLedger()
	defer db.Close()
}
