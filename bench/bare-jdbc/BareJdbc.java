import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * The floor of any Java tool that talks to the database: one pgjdbc connection, one query, printed.
 * Usage: BareJdbc URL USER SQL. Used by bench/startup.sh as the reference for lockdoctor's start-up.
 */
public final class BareJdbc {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", args[1]);
        try (Connection c = new org.postgresql.Driver().connect(args[0], props);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(args[2])) {
            while (r.next()) {
                System.out.println(r.getString(1));
            }
        }
    }
}
