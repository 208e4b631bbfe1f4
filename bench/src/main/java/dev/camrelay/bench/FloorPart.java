package dev.camrelay.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;

/**
 * One multipart body part (part headers, JPEG, next delimiter) of {@link FloorServer}, made once
 * per frame and sent to every viewer from the same bytes. Reference counted: the stream holds one
 * reference (its latest frame, for joiners) and each viewer with a remainder of it holds one.
 * Everything here runs on the server's one selector thread, hence no locks and no atomics.
 */
final class FloorPart {

    private static final Path SHM = Path.of("/dev/shm");
    private static final long PID = ProcessHandle.current().pid();

    /**
     * Free direct buffers. Without reuse a direct buffer per frame is freed only by a GC, which a
     * server that allocates almost nothing on the heap rarely runs, and hitting the direct-memory
     * limit forces a full GC: a cost the floor must not contain.
     */
    private static final ArrayDeque<ByteBuffer> POOL = new ArrayDeque<>();

    private static long files;

    final int length;
    private final ByteBuffer bytes; // --mode write: the part itself
    private final FileChannel file; // --mode sendfile: an unlinked tmpfs file holding the part
    private int refs = 1; // the creator's, handed to the stream as its latest frame

    private FloorPart(int length, ByteBuffer bytes, FileChannel file) {
        this.length = length;
        this.bytes = bytes;
        this.file = file;
    }

    /** A cleared direct buffer of at least {@code capacity} bytes, from the pool when one fits. */
    static ByteBuffer buffer(int capacity) {
        ByteBuffer b = POOL.poll();
        if (b == null || b.capacity() < capacity)
            b = ByteBuffer.allocateDirect(capacity); // an unfit one goes to the GC
        return b.clear();
    }

    private static void recycle(ByteBuffer b) {
        if (POOL.size() < 16) POOL.add(b);
    }

    /**
     * {@code --mode write}: the part is the filled, flipped buffer itself; it goes back to the pool
     * with the last reference.
     */
    static FloorPart inMemory(ByteBuffer part) {
        return new FloorPart(part.remaining(), part, null);
    }

    /**
     * {@code --mode sendfile}: the part goes into a NEW file in /dev/shm, never an old one
     * rewritten. sendfile(2) queues references to the file's pages in the sockets' send buffers,
     * not copies, so bytes written over a page still unacknowledged would reach viewers as the next
     * frame's. The name is unlinked at once (nothing to clean up after a crash); the open channel
     * keeps the pages, and after its close the socket buffers' own references keep them until
     * ACKed.
     */
    static FloorPart inFile(ByteBuffer part) throws IOException {
        Path p = SHM.resolve("camrelay-floor-" + PID + "-" + files++);
        FileChannel ch =
                FileChannel.open(
                        p,
                        StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        try {
            Files.delete(p);
            int n = part.remaining();
            for (long at = 0; part.hasRemaining(); ) at += ch.write(part, at);
            recycle(part); // the file holds the bytes now
            return new FloorPart(n, null, ch);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    void retain() {
        refs++;
    }

    void release() {
        if (--refs > 0) return;
        if (file == null) {
            recycle(bytes);
            return;
        }
        try {
            file.close();
        } catch (IOException ignored) {
        } // nothing left to do for a closing tmpfs file
    }

    /**
     * One non-blocking send of the bytes from {@code pos} on: a write of a duplicate (so viewers
     * never share a position), or transferTo, which the JDK turns into sendfile(2) for a socket.
     * Returns the bytes the kernel took, 0 when the socket buffer is full.
     */
    long sendTo(SocketChannel ch, long pos) throws IOException {
        if (file != null) return file.transferTo(pos, length - pos, ch);
        ByteBuffer d = bytes.duplicate();
        d.position((int) pos);
        return ch.write(d);
    }
}
