package dev.flora.ledger.verify;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The ledger export file: what an auditor downloads and verifies offline.
 *
 * <pre>
 *   export  = magic entry*
 *   magic   = "FLORA-LEDGER-EXPORT-1\n"  (22 ASCII bytes)
 *   entry   = length (uint32, big-endian, 1..65535) || canonical entry bytes (length bytes)
 * </pre>
 *
 * Entries appear in index order starting at index 0. The signed checkpoint and the verifier key
 * travel beside the export as text files (docs/ledger-format.md).
 */
public final class LedgerExport {

    /** Bytes every export starts with. */
    public static final byte[] MAGIC = "FLORA-LEDGER-EXPORT-1\n".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII);
    /** Largest entry length an export may declare. */
    public static final int MAX_ENTRY_LENGTH = 65_535;

    private LedgerExport() {
    }

    /** Writes entries in the export format; the caller owns and closes {@code out}. */
    public static final class Writer {
        private final DataOutputStream out;

        public Writer(OutputStream out) throws IOException {
            this.out = new DataOutputStream(out);
            this.out.write(MAGIC);
        }

        public void write(byte[] entry) throws IOException {
            if (entry.length == 0 || entry.length > MAX_ENTRY_LENGTH) {
                throw new IllegalArgumentException("entry length " + entry.length
                        + " outside 1.." + MAX_ENTRY_LENGTH);
            }
            out.writeInt(entry.length);
            out.write(entry);
        }

        public void flush() throws IOException {
            out.flush();
        }
    }

    /** Reads an export entry by entry; the caller owns and closes {@code in}. */
    public static final class Reader {
        private final DataInputStream in;
        private long position;

        public Reader(InputStream in) throws IOException {
            this.in = new DataInputStream(in);
            byte[] magic = new byte[MAGIC.length];
            try {
                this.in.readFully(magic);
            } catch (EOFException e) {
                throw new IOException("not a Flora ledger export: shorter than its magic", e);
            }
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException("not a Flora ledger export: bad magic");
            }
        }

        /** The next entry's bytes, or null at the end of the export. */
        public byte[] next() throws IOException {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            int length = (first << 24) | (in.readUnsignedByte() << 16)
                    | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
            if (length <= 0 || length > MAX_ENTRY_LENGTH) {
                throw new IOException("export record " + position + " declares length "
                        + Integer.toUnsignedString(length) + ", want 1.." + MAX_ENTRY_LENGTH);
            }
            byte[] entry = new byte[length];
            try {
                in.readFully(entry);
            } catch (EOFException e) {
                throw new IOException("export record " + position + " is truncated: want "
                        + length + " bytes", e);
            }
            position++;
            return entry;
        }
    }
}
