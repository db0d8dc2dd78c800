package io.lockdoctor.dialects.postgresql;

import io.lockdoctor.core.support.Durations;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The PostgreSQL frontend protocol (v3), just enough to log in to PgBouncer's admin console and
 * run {@code SHOW} commands over the simple query protocol.
 *
 * <p>Why not pgjdbc: after logging in, pgjdbc sends {@code SET extra_float_digits} to any server
 * reporting a version below 12, and PgBouncer's console (which reports its own version, e.g.
 * {@code 1.18.0/bouncer}) answers {@code SET failed}, or {@code admin access needed} for a
 * {@code stats_users} account: the connection fails before any {@code SHOW} can run.
 *
 * <p>Authentication: trust, MD5, SCRAM-SHA-256, and clear text inside TLS only (what PgBouncer's
 * {@code auth_type} offers for console accounts). TLS as {@link ConsoleTls} says.
 */
final class ConsoleWire implements AutoCloseable {
    private static final int PROTOCOL_3 = 196608;
    private static final int SSL_REQUEST = 80877103;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    private ConsoleWire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    /**
     * Connects and logs in to {@code database}; every read and the connect itself are bounded by
     * {@code timeout}.
     *
     * @throws ConsoleWireException for a server's error (its SQLSTATE and message) or a protocol fault
     * @throws IOException when the address cannot be reached or stops answering
     */
    static ConsoleWire connect(PoolerEndpoint endpoint, String database, String user, String password,
            String applicationName, Duration timeout, ConsoleTls tls) throws IOException {
        Socket plain = new Socket();
        Socket socket = plain;
        int millis = (int) Math.min(Integer.MAX_VALUE, Durations.boundMillis(timeout));
        try {
            plain.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), millis);
            plain.setSoTimeout(millis);
            socket = negotiateTls(plain, endpoint, tls);
            ConsoleWire wire = new ConsoleWire(socket);
            wire.startup(database, user, password, applicationName);
            return wire;
        } catch (IOException | RuntimeException e) {
            socket.close();
            plain.close();
            throw e;
        }
    }

    /** PostgreSQL's SSLRequest: the server answers 'S' and a TLS handshake follows, or 'N'. */
    private static Socket negotiateTls(Socket plain, PoolerEndpoint endpoint, ConsoleTls tls) throws IOException {
        DataOutputStream request = new DataOutputStream(plain.getOutputStream());
        request.writeInt(8);
        request.writeInt(SSL_REQUEST);
        request.flush();
        int answer = plain.getInputStream().read();
        if (answer == 'N') {
            if (tls.verify()) {
                throw new ConsoleWireException(null, "the console at " + endpoint + " does not offer TLS, which was "
                        + "required");
            }
            return plain;
        }
        if (answer != 'S') {
            throw new ConsoleWireException(null, "unexpected answer to the TLS request (" + answer + ")");
        }
        SSLSocket secured = (SSLSocket) tls.context().getSocketFactory()
                .createSocket(plain, endpoint.host(), endpoint.port(), true);
        if (tls.verify()) {
            SSLParameters parameters = secured.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secured.setSSLParameters(parameters);
        }
        try {
            secured.startHandshake();
        } catch (SSLException e) {
            throw new ConsoleWireException(null, "TLS with " + endpoint + " failed (" + e.getMessage() + "): its "
                    + "certificate must be trusted (the JVM's trust store, javax.net.ssl.trustStore) and name the host");
        }
        return secured;
    }

    /** Runs one statement; each row maps column names to their text (null for SQL NULL), in column order. */
    List<Map<String, String>> query(String sql) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeCString(body, sql);
        send('Q', body.toByteArray());
        List<String> columns = List.of();
        List<Map<String, String>> rows = new ArrayList<>();
        ConsoleWireException error = null;
        while (true) {
            Message message = receive();
            switch (message.type) {
                case 'T' -> columns = columnNames(message.body);
                case 'D' -> rows.add(row(columns, message.body));
                case 'E' -> error = error(message.body);
                case 'Z' -> {
                    if (error != null) {
                        throw error;
                    }
                    return Collections.unmodifiableList(rows);
                }
                default -> {
                    // CommandComplete, EmptyQueryResponse, notices, parameter changes: nothing to keep
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            send('X', new byte[0]);
        } catch (IOException alreadyGone) {
            // the socket is closed below either way
        } finally {
            socket.close();
        }
    }

    private void startup(String database, String user, String password, String applicationName) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        new DataOutputStream(body).writeInt(PROTOCOL_3);
        for (String[] parameter : new String[][] {{"user", user}, {"database", database},
                {"application_name", applicationName}}) {
            writeCString(body, parameter[0]);
            writeCString(body, parameter[1]);
        }
        body.write(0);
        byte[] bytes = body.toByteArray();
        out.writeInt(bytes.length + 4);
        out.write(bytes);
        out.flush();
        authenticate(user, password);
        while (true) {
            Message message = receive();
            if (message.type == 'Z') {
                return;
            }
            if (message.type == 'E') {
                throw error(message.body);
            }
        }
    }

    private void authenticate(String user, String password) throws IOException {
        ScramClient scram = null;
        while (true) {
            Message message = receive();
            if (message.type == 'E') {
                throw error(message.body);
            }
            if (message.type != 'R') {
                throw new ConsoleWireException(null, "unexpected message '" + message.type + "' during login");
            }
            DataInputStream body = message.reader();
            int kind = body.readInt();
            switch (kind) {
                case 0 -> {
                    return;
                }
                case 3 -> {
                    if (!(socket instanceof SSLSocket)) {
                        throw new ConsoleWireException("28000", "the console asks for the password in clear text over "
                                + "an unencrypted connection; lockdoctor does not send it so (use md5 or scram-sha-256, "
                                + "or TLS)");
                    }
                    sendPassword(requirePassword(password));
                }
                case 5 -> {
                    byte[] salt = body.readNBytes(4);
                    sendPassword(md5Password(user, requirePassword(password), salt));
                }
                case 10 -> {
                    if (!mechanisms(body).contains(ScramClient.MECHANISM)) {
                        throw new ConsoleWireException(null, "the server offers no SASL mechanism lockdoctor knows");
                    }
                    scram = new ScramClient(requirePassword(password));
                    byte[] first = scram.clientFirstMessage().getBytes(StandardCharsets.UTF_8);
                    ByteArrayOutputStream initial = new ByteArrayOutputStream();
                    writeCString(initial, ScramClient.MECHANISM);
                    new DataOutputStream(initial).writeInt(first.length);
                    initial.write(first);
                    send('p', initial.toByteArray());
                }
                case 11 -> send('p', requireScram(scram).clientFinalMessage(rest(body))
                        .getBytes(StandardCharsets.UTF_8));
                case 12 -> requireScram(scram).verifyServerFinal(rest(body));
                default -> throw new ConsoleWireException(null, "unsupported authentication method (code " + kind + ")");
            }
        }
    }

    private static ScramClient requireScram(ScramClient scram) throws ConsoleWireException {
        if (scram == null) {
            throw new ConsoleWireException(null, "SCRAM message out of order");
        }
        return scram;
    }

    private static String requirePassword(String password) throws ConsoleWireException {
        if (password == null || password.isEmpty()) {
            throw new ConsoleWireException("28P01", "the console asks for a password and none was given");
        }
        return password;
    }

    private void sendPassword(String password) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeCString(body, password);
        send('p', body.toByteArray());
    }

    /** PostgreSQL's MD5 answer: {@code "md5" + md5hex(md5hex(password + user) + salt)}. */
    static String md5Password(String user, String password, byte[] salt) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            String inner = HexFormat.of().formatHex(md5.digest((password + user).getBytes(StandardCharsets.UTF_8)));
            md5.update(inner.getBytes(StandardCharsets.US_ASCII));
            md5.update(salt);
            return "md5" + HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available in this JVM", e);
        }
    }

    private static List<String> mechanisms(DataInputStream body) throws IOException {
        List<String> names = new ArrayList<>();
        for (String name = readCString(body); !name.isEmpty(); name = readCString(body)) {
            names.add(name);
        }
        return names;
    }

    private static String rest(DataInputStream body) throws IOException {
        return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static List<String> columnNames(byte[] bytes) throws IOException {
        DataInputStream body = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        int count = body.readUnsignedShort();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(readCString(body));
            body.skipNBytes(18); // table oid, column number, type oid, type size, type modifier, format
        }
        return names;
    }

    private static Map<String, String> row(List<String> columns, byte[] bytes) throws IOException {
        DataInputStream body = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        int count = body.readUnsignedShort();
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int length = body.readInt();
            String value = length < 0 ? null : new String(body.readNBytes(length), StandardCharsets.UTF_8);
            row.put(i < columns.size() ? columns.get(i) : "column" + (i + 1), value);
        }
        return row;
    }

    private static ConsoleWireException error(byte[] bytes) throws IOException {
        DataInputStream body = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        String state = null;
        String message = null;
        for (int field = body.read(); field > 0; field = body.read()) {
            String value = readCString(body);
            if (field == 'C') {
                state = value;
            } else if (field == 'M') {
                message = value;
            }
        }
        return new ConsoleWireException(state, message == null ? "error without a message" : message);
    }

    private void send(char type, byte[] body) throws IOException {
        out.writeByte(type);
        out.writeInt(body.length + 4);
        out.write(body);
        out.flush();
    }

    private Message receive() throws IOException {
        try {
            char type = (char) in.readUnsignedByte();
            int length = in.readInt();
            if (length < 4 || length > 16 * 1024 * 1024) {
                throw new ConsoleWireException(null, "malformed message (length " + length + ")");
            }
            return new Message(type, in.readNBytes(length - 4));
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no answer within " + socket.getSoTimeout() + " ms");
        } catch (EOFException e) {
            throw new EOFException("the server closed the connection");
        }
    }

    private static void writeCString(ByteArrayOutputStream target, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        target.write(bytes, 0, bytes.length);
        target.write(0);
    }

    private static String readCString(DataInputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b > 0; b = in.read()) {
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private record Message(char type, byte[] body) {
        DataInputStream reader() {
            return new DataInputStream(new java.io.ByteArrayInputStream(body));
        }
    }
}
