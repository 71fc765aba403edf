package io.segstream.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.github.luben.zstd.Zstd;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;
import org.xerial.snappy.Snappy;

/**
 * Run inside the container image by {@link ContainerImageIT}, on the image's class path: loads the JNI library of
 * every native dependency segstream ships (RocksDB for Kafka Streams' state stores; zstd, lz4 and snappy for Kafka's
 * compressed batches), each from its own jar as the image holds it, and uses it once. Prints one line per library.
 */
public final class ImageNativeCheck {

    private ImageNativeCheck() {
    }

    /** {@code args[0]}: the RocksDB directory to create (relative: under the working directory). */
    public static void main(String[] args) throws Exception {
        byte[] data = "segstream ".repeat(200).getBytes(UTF_8);

        Path dir = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(dir.getParent());
        RocksDB.loadLibrary();
        try (Options options = new Options().setCreateIfMissing(true);
                RocksDB db = RocksDB.open(options, dir.toString())) {
            db.put("customer".getBytes(UTF_8), data);
            require("rocksdb", Arrays.equals(data, db.get("customer".getBytes(UTF_8))));
        }
        System.out.println("rocksdb ok " + Environment.getJniLibraryFileName("rocksdb"));

        require("zstd", Arrays.equals(data, Zstd.decompress(Zstd.compress(data), data.length)));
        System.out.println("zstd ok");

        LZ4Factory lz4 = LZ4Factory.nativeInstance();
        LZ4Compressor compressor = lz4.fastCompressor();
        require("lz4", Arrays.equals(data, lz4.fastDecompressor().decompress(compressor.compress(data), data.length)));
        System.out.println("lz4 ok");

        require("snappy", Arrays.equals(data, Snappy.uncompress(Snappy.compress(data))));
        System.out.println("snappy ok");
    }

    private static void require(String library, boolean roundTrip) {
        if (!roundTrip) {
            throw new IllegalStateException(library + ": the round trip changed the data");
        }
    }
}
