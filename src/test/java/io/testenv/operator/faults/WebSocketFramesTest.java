package io.testenv.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The proxy's re-framing: what a server sends as one frame arrives as a valid sequence of fragments. */
class WebSocketFramesTest {

    record Frame(boolean fin, int opcode, byte[] payload) {}

    @ParameterizedTest(name = "{0}-byte {1} frame (fin {2}) in frames of {3}: {4}")
    @CsvSource({
        "10,    text,   true,  16,    1 frame, unchanged",
        "16,    text,   true,  16,    1 frame, unchanged",
        "40,    text,   true,  16,    3 frames: text then continuations; the last one final",
        "70000, binary, true,  16384, 5 frames; a 64-bit length read",
        "300,   text,   false, 100,   3 frames, none final: the message goes on in the next frame",
        "300,   continuation, true, 100, 3 continuation frames, the last one final",
        "200,   ping,   true,  16,    1 frame: a control frame is never split",
    })
    void splitsDataFramesOnly(int length, String type, boolean fin, int frameSize, String expected) throws IOException {
        int opcode = switch (type) {
            case "continuation" -> 0x0;
            case "text" -> 0x1;
            case "binary" -> 0x2;
            default -> 0x9;
        };
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 31);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> split = new ArrayList<>();
        WebSocketFrames.relay(new ByteArrayInputStream(frame(fin, opcode, payload)), out, frameSize, split::add);

        List<Frame> frames = parse(out.toByteArray());
        int count = Integer.parseInt(expected.substring(0, expected.indexOf(' ')));
        assertThat(frames).hasSize(count);
        assertThat(frames.get(0).opcode()).isEqualTo(opcode);
        frames.subList(1, frames.size())
                .forEach(f -> assertThat(f.opcode()).as("continuation").isZero());
        frames.subList(0, frames.size() - 1)
                .forEach(f -> assertThat(f.fin()).as("not final").isFalse());
        assertThat(frames.get(frames.size() - 1).fin()).isEqualTo(fin);
        frames.forEach(f ->
                assertThat(f.payload().length).isLessThanOrEqualTo(Math.max(frameSize, opcode >= 0x8 ? length : 0)));
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        frames.forEach(f -> joined.writeBytes(f.payload()));
        assertThat(joined.toByteArray()).isEqualTo(payload);
        assertThat(split).isEqualTo(count > 1 ? List.of((long) length) : List.of());
    }

    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            out.write(payload.length);
        } else if (payload.length <= 0xFFFF) {
            out.write(126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xFF);
        } else {
            out.write(127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) payload.length >> (8 * i)) & 0xFF);
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static List<Frame> parse(byte[] bytes) {
        List<Frame> frames = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int first = bytes[at++] & 0xFF;
            int second = bytes[at++] & 0xFF;
            assertThat(second & 0x80).as("frames from a server are not masked").isZero();
            long length = second & 0x7F;
            if (length == 126) {
                length = ((bytes[at++] & 0xFF) << 8) | (bytes[at++] & 0xFF);
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | (bytes[at++] & 0xFF);
                }
            }
            frames.add(new Frame((first & 0x80) != 0, first & 0x0F, Arrays.copyOfRange(bytes, at, at + (int) length)));
            at += (int) length;
        }
        return frames;
    }
}
