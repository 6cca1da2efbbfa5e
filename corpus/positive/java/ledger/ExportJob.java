package com.acme.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

public final class ExportJob {
    private static final String URL = "jdbc:postgresql://pg-ledger.finance.internal:5432/ledger";

    static Connection open() throws SQLException {
        return DriverManager.getConnection(URL, "ledger_export", "O5SLVQWVe1NZ4YenJQ9F");
    }
}
