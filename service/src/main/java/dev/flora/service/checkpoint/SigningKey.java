package dev.flora.service.checkpoint;

import dev.flora.ledger.checkpoint.NoteSigner;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Ed25519 key that signs checkpoints, in the signed-note private key text form
 * ({@code PRIVATE+KEY+<name>+<key id>+<base64>}).
 *
 * <p>Where it comes from, first match wins: {@code flora.checkpoint.signing-key} (the text, e.g.
 * from a Kubernetes secret as FLORA_CHECKPOINT_SIGNING_KEY); {@code
 * flora.checkpoint.signing-key-file}; otherwise, in development, a key generated once and kept
 * in {@code <flora.data-dir>/checkpoint-signing.key} (mode 600) so restarts keep the same key.
 * The verifier key is logged at start and served by GetCheckpoint.
 */
@ApplicationScoped
public class SigningKey {

    private static final Logger LOG = Logger.getLogger(SigningKey.class);

    private final NoteSigner signer;

    @Inject
    public SigningKey(
            @ConfigProperty(name = "flora.checkpoint.signing-key") Optional<String> keyText,
            @ConfigProperty(name = "flora.checkpoint.signing-key-file") Optional<Path> keyFile,
            @ConfigProperty(name = "flora.data-dir", defaultValue = "flora-data") Path dataDir,
            @ConfigProperty(name = "flora.checkpoint.key-name", defaultValue = "flora-dev")
            String keyName) {
        if (keyText.isPresent()) {
            signer = NoteSigner.parsePrivateKey(keyText.get().strip());
        } else {
            signer = loadOrCreate(keyFile.orElse(dataDir.resolve("checkpoint-signing.key")),
                    keyName, keyFile.isEmpty());
        }
    }

    void announce(@Observes StartupEvent start) {
        LOG.infof("Checkpoints are signed by %s; verifier key: %s", signer.name(),
                signer.verifierKey());
    }

    public NoteSigner signer() {
        return signer;
    }

    private static NoteSigner loadOrCreate(Path file, String name, boolean mayCreate) {
        try {
            if (Files.exists(file)) {
                return NoteSigner.parsePrivateKey(Files.readString(file, StandardCharsets.UTF_8)
                        .strip());
            }
            if (!mayCreate) {
                throw new IllegalStateException("flora.checkpoint.signing-key-file " + file
                        + " does not exist");
            }
            NoteSigner generated = NoteSigner.generate(name);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, generated.formatPrivateKey() + "\n", StandardCharsets.UTF_8);
            trySetOwnerOnly(file);
            LOG.warnf("No checkpoint signing key configured: generated a development key in %s"
                    + " (set flora.checkpoint.signing-key in production)", file.toAbsolutePath());
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write signing key " + file, e);
        }
    }

    private static void trySetOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            LOG.debugf("cannot restrict permissions of %s on this file system", file);
        }
    }
}
