package io.astrid.capsule.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/**
 * What the distribution ships for Config Admin: the keys of each {@code conf/PID.cfg} file, and the
 * Declarative Services components of its bundles by the PID they are configured with. Read from the files, so that
 * the launcher's tests (distribution/) and the container's (itests/) check the same set.
 */
public final class ShippedConfiguration {
  /** A key as set, or as shown commented out for the user to enable ({@code # wasm.limits = ...}). */
  private static final Pattern KEY = Pattern.compile("^#?\\s*([a-z][a-z0-9_.]*)\\s*=");

  /** A component: the bundle that holds it, its name and its implementation class. */
  public record Component(String bundle, String name, String implementation) {}

  private ShippedConfiguration() {}

  /** The keys of a {@code .cfg} file, set or commented out, in file order. */
  public static List<String> keys(Path cfg) throws IOException {
    List<String> keys = new ArrayList<>();
    for (String line : Files.readAllLines(cfg)) {
      Matcher key = KEY.matcher(line.strip());
      if (key.find()) {
        keys.add(key.group(1));
      }
    }
    return keys;
  }

  /** The {@code .cfg} files of a configuration directory, by PID. */
  public static Map<String, Path> files(Path conf) throws IOException {
    Map<String, Path> files = new LinkedHashMap<>();
    try (Stream<Path> entries = Files.list(conf)) {
      entries.filter(f -> f.toString().endsWith(".cfg")).sorted()
          .forEach(f -> files.put(f.getFileName().toString().replaceFirst("\\.cfg$", ""), f));
    }
    return files;
  }

  /** The components of the bundles in {@code bundles}, by configuration PID (the name unless one is set). */
  public static Map<String, Component> components(Path bundles) throws IOException {
    Map<String, Component> components = new LinkedHashMap<>();
    try (Stream<Path> jars = Files.list(bundles)) {
      for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).sorted().toList()) {
        try (JarFile file = new JarFile(jar.toFile())) {
          String symbolicName = file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
          String descriptions = file.getManifest().getMainAttributes().getValue("Service-Component");
          if (descriptions == null) {
            continue;
          }
          for (String description : descriptions.split(",")) {
            try (InputStream xml = file.getInputStream(file.getEntry(description.strip()))) {
              Element component = parse(xml);
              String name = component.getAttribute("name");
              String pids = component.getAttribute("configuration-pid");
              Component found = new Component(symbolicName.split(";")[0].strip(), name,
                  ((Element) component.getElementsByTagName("implementation").item(0)).getAttribute("class"));
              for (String pid : (pids.isEmpty() ? name : pids).split(" ")) {
                components.put(pid, found);
              }
            }
          }
        }
      }
    }
    return components;
  }

  private static Element parse(InputStream xml) {
    try {
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml).getDocumentElement();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("unreadable component description: " + e.getMessage(), e);
    }
  }
}
