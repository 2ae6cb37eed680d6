package io.testenv.operator.faults;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/**
 * Relays WebSocket frames (RFC 6455, section 5.2) from a server, splitting each data frame longer than a size into
 * a start frame and continuation frames. Control frames pass unchanged: they may not be fragmented.
 */
final class WebSocketFrames {

    private WebSocketFrames() {}

    /**
     * @param split told the length of every message delivered in more than one frame
     */
    static void relay(InputStream in, OutputStream out, int frameSize, LongConsumer split) throws IOException {
        while (true) {
            int first = in.read();
            if (first < 0) {
                return;
            }
            int second = readByte(in);
            boolean fin = (first & 0x80) != 0;
            int opcode = first & 0x0F;
            boolean masked = (second & 0x80) != 0;
            long length = second & 0x7F;
            if (length == 126) {
                length = (readByte(in) << 8) | readByte(in);
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte(in);
                }
            }
            byte[] mask = masked ? in.readNBytes(4) : null;
            byte[] payload = in.readNBytes((int) length);
            if (payload.length != length || (masked && mask.length != 4)) {
                throw new EOFException("a frame ended early");
            }
            if (masked || opcode >= 0x8 || length <= frameSize) {
                // a control frame, or one that needs no split (frames from a server are never masked)
                out.write(first);
                writeLength(out, length, second & 0x80);
                if (mask != null) {
                    out.write(mask);
                }
                out.write(payload);
            } else {
                split.accept(length);
                for (int offset = 0; offset < payload.length; offset += frameSize) {
                    int size = Math.min(frameSize, payload.length - offset);
                    boolean last = offset + size == payload.length;
                    // the first fragment keeps the opcode and the extension bits (RSV1-3); the others continue it
                    int code = offset == 0 ? first & 0x7F : 0x0;
                    out.write(((last && fin) ? 0x80 : 0) | code);
                    writeLength(out, size, 0);
                    out.write(payload, offset, size);
                }
            }
            out.flush();
        }
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("a frame ended early");
        }
        return b;
    }

    /** The payload length, in the shortest of its three encodings, with the mask bit. */
    private static void writeLength(OutputStream out, long length, int maskBit) throws IOException {
        if (length < 126) {
            out.write(maskBit | (int) length);
        } else if (length <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write((int) (length >> 8) & 0xFF);
            out.write((int) length & 0xFF);
        } else {
            out.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (length >> (8 * i)) & 0xFF);
            }
        }
    }
}
