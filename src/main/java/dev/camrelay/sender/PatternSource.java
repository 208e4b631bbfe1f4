package dev.camrelay.sender;

/** An endless synthetic camera: each call draws the next {@link TestPattern} frame. */
public final class PatternSource implements FrameSource {
    public static final int DEFAULT_WIDTH = 640;
    public static final int DEFAULT_HEIGHT = 360;

    private final TestPattern pattern;

    public PatternSource(String name, int width, int height) {
        this.pattern = new TestPattern(name, width, height);
    }

    public PatternSource(String name) {
        this(name, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    @Override
    public byte[] next() {
        return pattern.nextJpeg();
    }

    @Override
    public void close() {
        pattern.close();
    }
}
