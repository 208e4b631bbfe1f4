package dev.camrelay.media;

/** What a bitstream says about its pictures: size, and the codec string browsers need (or null). */
public record PictureInfo(int width, int height, String codec) {}
