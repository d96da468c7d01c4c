package dev.flora.service.security;

/** How callers prove which authority they are. */
public enum AuthMode {
    /**
     * Development only: the caller NAMES its authority in the {@code x-flora-authority} call
     * metadata and is believed. Anyone who can reach the port can act as any authority. It must
     * be chosen explicitly ({@code flora.auth.mode=dev-metadata}) and is logged loudly at start.
     */
    DEV_METADATA
}
