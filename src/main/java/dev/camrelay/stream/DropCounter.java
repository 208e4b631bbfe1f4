package dev.camrelay.stream;

/** Where a viewer queue counts the frames it drops. */
@FunctionalInterface
public interface DropCounter {
    void dropped(DropReason reason, int frames);
}
