package io.lockdoctor.core.scan;

/** Receives progress of a scan, e.g. to draw a progress line on a terminal. May be called from worker threads. */
@FunctionalInterface
public interface ScanProgressListener {
    /**
     * @param file       the input being read
     * @param bytesDone  bytes of it read so far (compressed bytes for gzip)
     * @param bytesTotal its size, or -1 when unknown (standard input, pipes)
     */
    void progress(String file, long bytesDone, long bytesTotal);
}
