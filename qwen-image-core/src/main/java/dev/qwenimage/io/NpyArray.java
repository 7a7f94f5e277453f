package dev.qwenimage.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A float32 array in NumPy's {@code .npy} format (versions 1.0 to 3.0, little-endian {@code <f4}, C order), the format
 * of the fixtures and of {@code --initial-noise}/{@code --save-raw}. Immutable: accessors return copies.
 */
public final class NpyArray {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** The most float32 values whose bytes fit one Java array; a corrupt header cannot make us allocate more. */
    private static final long MAX_ELEMENTS = (Integer.MAX_VALUE - 8) / 4;

    private final long[] shape;
    private final float[] data;

    /**
     * @param shape the dimensions, each &gt;= 0
     * @param data the values in C order; its length must be the product of the dimensions
     */
    public NpyArray(long[] shape, float[] data) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, data has "
                    + data.length);
        }
        this.shape = shape.clone();
        this.data = data.clone();
    }

    /**
     * Reads an {@code .npy} file.
     *
     * @param file the file
     * @return the array
     * @throws IOException if the file cannot be read, or (as {@link NpyFormatException}) is not a float32 npy array
     */
    public static NpyArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such .npy file");
        }
    }

    /**
     * Reads {@code .npy} bytes.
     *
     * @param in the stream, positioned at the magic string
     * @param source its name, for messages
     * @return the array
     * @throws IOException if reading fails, or (as {@link NpyFormatException}) the bytes are not a float32 npy array
     */
    public static NpyArray read(InputStream in, String source) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
            throw new NpyFormatException(source + ": not a .npy file (bad magic string)");
        }
        int major = magic[6];
        int headerLength;
        if (major == 1) {
            byte[] len = in.readNBytes(2);
            if (len.length < 2) {
                throw new NpyFormatException(source + ": truncated .npy header");
            }
            headerLength = (len[0] & 0xff) | (len[1] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            byte[] len = in.readNBytes(4);
            if (len.length < 4) {
                throw new NpyFormatException(source + ": truncated .npy header");
            }
            headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (headerLength < 0 || headerLength > 1 << 20) {
                throw new NpyFormatException(source + ": implausible .npy header length " + headerLength);
            }
        } else {
            throw new NpyFormatException(source + ": unsupported .npy version " + major + "." + magic[7]);
        }
        byte[] headerBytes = in.readNBytes(headerLength);
        if (headerBytes.length < headerLength) {
            throw new NpyFormatException(source + ": truncated .npy header");
        }
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher order = ORDER.matcher(header);
        Matcher shapeMatch = SHAPE.matcher(header);
        if (!descr.find() || !order.find() || !shapeMatch.find()) {
            throw new NpyFormatException(source + ": malformed .npy header " + header.trim());
        }
        if (!descr.group(1).equals("<f4") && !descr.group(1).equals("=f4")) {
            throw new NpyFormatException(source + ": dtype " + descr.group(1)
                    + " is not supported; save the array as little-endian float32 (numpy: arr.astype('<f4'))");
        }
        if (order.group(1).equals("True")) {
            throw new NpyFormatException(source + ": Fortran-ordered arrays are not supported; save with C order");
        }
        long[] shape = parseShape(shapeMatch.group(1), source);
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
            if (n > MAX_ELEMENTS) {
                throw new NpyFormatException(source + ": shape " + Arrays.toString(shape) + " is too large");
            }
        }
        byte[] body = in.readNBytes((int) (n * 4));
        if (body.length < n * 4) {
            throw new NpyFormatException(source + ": truncated data: shape " + Arrays.toString(shape) + " needs "
                    + n * 4 + " bytes, found " + body.length);
        }
        float[] data = new float[(int) n];
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return new NpyArray(shape, data);
    }

    private static long[] parseShape(String text, String source) throws NpyFormatException {
        String[] parts = text.split(",");
        long[] dims = new long[parts.length];
        int count = 0;
        for (String p : parts) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                dims[count] = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                throw new NpyFormatException(source + ": malformed shape (" + text + ")");
            }
            if (dims[count] < 0) {
                throw new NpyFormatException(source + ": negative dimension in shape (" + text + ")");
            }
            count++;
        }
        return Arrays.copyOf(dims, count);
    }

    /**
     * Writes the array as {@code .npy} version 1.0.
     *
     * @param file the file to create or replace
     * @throws IOException if writing fails
     */
    public void write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out);
        }
    }

    /**
     * Writes the array as {@code .npy} version 1.0.
     *
     * @param out the stream
     * @throws IOException if writing fails
     */
    public void write(OutputStream out) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? dims.toString().trim() : dims.substring(0, Math.max(0, dims.length() - 2));
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(MAGIC);
        head.write(1);
        head.write(0);
        head.write(header.length() & 0xff);
        head.write((header.length() >>> 8) & 0xff);
        head.write(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(head.toByteArray());
        ByteBuffer body = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        body.asFloatBuffer().put(data);
        out.write(body.array());
    }

    /** @return a copy of the shape */
    public long[] shape() {
        return shape.clone();
    }

    /** @return a copy of the values, C order */
    public float[] data() {
        return data.clone();
    }

    /** @return the number of values */
    public int size() {
        return data.length;
    }

    @Override
    public String toString() {
        return "NpyArray" + Arrays.toString(shape);
    }
}
