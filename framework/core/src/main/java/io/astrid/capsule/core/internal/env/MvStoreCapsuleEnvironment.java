package io.astrid.capsule.core.internal.env;

import io.astrid.capsule.api.host.CapsuleEnvironment;
import io.astrid.capsule.api.host.EnvEntry;
import io.astrid.capsule.api.host.EnvValues;
import io.astrid.capsule.api.host.StateDirectory;
import io.astrid.capsule.api.host.Workspace;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.EnvType;
import io.astrid.capsule.api.manifest.EnvVar;
import io.astrid.capsule.core.internal.store.DurableMvStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@link CapsuleEnvironment} in one MVStore file ({@code env.mv.db} in the state directory, on
 * the same {@link DurableMvStore} as the key-value store), one map per capsule. Each stored value is
 * one tag byte and its payload: a value in clear, a sealed secret ({@link SecretCipher}), or the name
 * of a granted host variable. The host's environment is read only through such a grant.
 */
@Component(service = CapsuleEnvironment.class)
public final class MvStoreCapsuleEnvironment implements CapsuleEnvironment, AutoCloseable {
  static final String FILE_NAME = "env.mv.db";
  private static final byte VALUE = 'v';
  private static final byte SECRET = 's';
  private static final byte HOST = 'h';

  private final DurableMvStore store;
  private final SecretCipher cipher;
  private final Map<String, String> host;
  private final Path workspace;

  @Activate
  public MvStoreCapsuleEnvironment(BundleContext context) {
    this(StateDirectory.resolve("", context.getProperty(StateDirectory.PROPERTY)), System.getenv(),
        Workspace.resolve(null, context.getProperty(Workspace.PROPERTY)));
  }

  /** As below, the workspace being the working directory. */
  public MvStoreCapsuleEnvironment(Path stateDirectory, Map<String, String> host) {
    this(stateDirectory, host, Workspace.resolve(null, null));
  }

  /**
   * @param stateDirectory where the store file and the key file are
   * @param host the host's environment, read only for granted variables
   * @param workspace what {@code path} values are resolved against
   */
  public MvStoreCapsuleEnvironment(Path stateDirectory, Map<String, String> host, Path workspace) {
    this.store = new DurableMvStore(stateDirectory.resolve(FILE_NAME), "astrid-env-store", () -> { });
    this.cipher = new SecretCipher(stateDirectory.resolve(SecretCipher.KEY_FILE_NAME));
    this.host = Map.copyOf(host);
    this.workspace = workspace.toAbsolutePath().normalize();
  }

  @Override
  public EnvValues resolve(CapsuleManifest manifest) {
    String capsuleId = manifest.name();
    Map<String, byte[]> stored = store.read(s -> new LinkedHashMap<>(map(s, capsuleId)));
    Map<String, String> values = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (EnvVar variable : manifest.env().values()) {
      String value = stored.containsKey(variable.name())
          ? open(capsuleId, variable.name(), stored.get(variable.name())) : null;
      if (value == null) {
        value = variable.defaultValue().map(String::valueOf).orElse(null);
      }
      if (value == null) {
        missing.add(variable.name());
      } else if (variable.type() == EnvType.PATH) {
        // Checked when stored and in the manifest; a value that leads out is left unset, not resolved.
        if (EnvType.PATH.accepts(value)) {
          values.put(variable.name(), workspace.resolve(value).normalize().toString());
        } else {
          missing.add(variable.name());
        }
      } else {
        values.put(variable.name(), value);
      }
    }
    return new EnvValues(values, missing);
  }

  /** The value a stored entry stands for; null for a grant of a host variable the host does not have. */
  private String open(String capsuleId, String name, byte[] raw) {
    byte[] payload = Arrays.copyOfRange(raw, 1, raw.length);
    return switch (raw[0]) {
      case VALUE -> new String(payload, StandardCharsets.UTF_8);
      case SECRET -> cipher.decrypt(capsuleId, name, payload);
      case HOST -> host.get(new String(payload, StandardCharsets.UTF_8));
      default -> throw new io.astrid.capsule.api.CapsuleException("env [" + capsuleId + "] value [" + name
          + "] has an unknown tag " + raw[0] + " in [" + FILE_NAME + "]");
    };
  }

  @Override
  public List<EnvEntry> entries(String capsuleId) {
    Map<String, byte[]> stored = store.read(s -> new TreeMap<>(map(s, capsuleId)));
    List<EnvEntry> entries = new ArrayList<>();
    stored.forEach((name, raw) -> {
      String payload = new String(raw, 1, raw.length - 1, StandardCharsets.UTF_8);
      entries.add(switch (raw[0]) {
        case SECRET -> new EnvEntry(name, EnvEntry.Source.SECRET, "");
        case HOST -> new EnvEntry(name, EnvEntry.Source.HOST, payload);
        default -> new EnvEntry(name, EnvEntry.Source.VALUE, payload);
      });
    });
    return entries;
  }

  @Override
  public void set(String capsuleId, EnvVar variable, String value) {
    byte[] tagged = sealed(capsuleId, variable, value);
    store.write(s -> map(s, capsuleId).put(variable.name(), tagged));
  }

  @Override
  public void setAll(String capsuleId, Map<EnvVar, String> values, boolean forgetOthers) {
    // Every value is checked and sealed before the store is touched: the write below cannot fail halfway
    // for a value, and it is one commit (issue 17: --reconfigure lost the old values on a bad third one).
    Map<String, byte[]> tagged = new LinkedHashMap<>();
    values.forEach((variable, value) -> tagged.put(variable.name(), sealed(capsuleId, variable, value)));
    store.write(s -> {
      MVMap<String, byte[]> map = map(s, capsuleId);
      if (forgetOthers) {
        map.clear();
      }
      map.putAll(tagged);
      return null;
    });
  }

  /** The stored form of {@code value}: checked against the variable's type, a secret encrypted. */
  private byte[] sealed(String capsuleId, EnvVar variable, String value) {
    if (!variable.type().accepts(value)) {
      throw new IllegalArgumentException("env [" + capsuleId + "] value [" + variable.name() + "]: not "
          + variable.type().expectation());
    }
    return variable.type() == EnvType.SECRET
        ? tagged(SECRET, cipher.encrypt(capsuleId, variable.name(), value))
        : tagged(VALUE, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void grantHost(String capsuleId, String name, String hostVariable) {
    byte[] tagged = tagged(HOST, hostVariable.getBytes(StandardCharsets.UTF_8));
    store.write(s -> map(s, capsuleId).put(name, tagged));
  }

  @Override
  public boolean unset(String capsuleId, String name) {
    return store.write(s -> map(s, capsuleId).remove(name) != null);
  }

  @Override
  public int removeAll(String capsuleId) {
    return store.write(s -> {
      MVMap<String, byte[]> map = map(s, capsuleId);
      int count = map.size();
      s.removeMap(map);
      return count;
    });
  }

  private static byte[] tagged(byte tag, byte[] payload) {
    byte[] tagged = new byte[payload.length + 1];
    tagged[0] = tag;
    System.arraycopy(payload, 0, tagged, 1, payload.length);
    return tagged;
  }

  private static MVMap<String, byte[]> map(MVStore s, String capsuleId) {
    return s.openMap("env." + capsuleId);
  }

  @Deactivate
  @Override
  public void close() {
    store.close();
  }
}
