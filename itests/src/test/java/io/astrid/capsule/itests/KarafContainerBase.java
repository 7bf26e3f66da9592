package io.astrid.capsule.itests;

import static org.ops4j.pax.exam.CoreOptions.bootDelegationPackages;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AccessControlContext;
import java.security.AccessController;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import javax.security.auth.Subject;
import javax.security.auth.SubjectDomainCombiner;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The shared base of the Pax Exam tests in Karaf: our assembly (distribution/karaf's
 * astrid-capsule-karaf-VERSION.tar.gz), unpacked and started by pax-exam-container-karaf in a JVM of its own, with
 * the runtime's features installed at boot as the assembly has them. Pax Exam builds that JVM's command line itself
 * (it ignores {@code bin/setenv}), so the options {@code bin/setenv} and {@code bin/karaf} give on Java 25 are given
 * here: our agent, the JVMCI Graal compiler, Karaf's module patches and openings (docs/karaf.md). Pax Exam adds
 * {@code sun.*} to the boot delegation of {@code etc/custom.properties}, which replaces the assembly's list, so the
 * whole list is given, with the agent's package. Karaf resolves only from its {@code system/} and the local Maven
 * repository (where the build put Pax Exam's own bundles). The probe talks to Karaf's shell through its
 * {@link SessionFactory}, as an operator's console would. Pax Exam stops the container after the class, however its
 * tests end, and deletes its directory.
 */
public abstract class KarafContainerBase {
  /** Boot features installed, the runtime's bundles started: minutes on a loaded machine. */
  protected static final Duration BOOT = Duration.ofSeconds(240);

  private static final String KARAF_VERSION = "4.4.10";
  private static final String MVN_CFG = "etc/org.ops4j.pax.url.mvn.cfg";
  private static final String BOOT_DELEGATION = "com.sun.*,javax.transaction,javax.transaction.xa,javax.xml.crypto,"
      + "javax.xml.crypto.*,javax.security.cert,jdk.nashorn.*,sun.*,jdk.internal.reflect,jdk.internal.reflect.*,"
      + "org.apache.karaf.jaas.boot,org.apache.karaf.jaas.boot.principal,io.astrid.capsule.karaf.agent";

  @Inject
  protected BundleContext context;

  @Configuration
  public Option[] configuration() throws IOException {
    // The build's properties are read here, in the test's JVM, never in a static field: the probe runs in Karaf's.
    Path archive = Path.of(System.getProperty("capsule.karaf.archive"));
    Path unpacked = Files.createDirectories(Path.of(System.getProperty("capsule.it.states")).resolve("karaf"));
    List<Option> all = new ArrayList<>(List.of(
        karafDistributionConfiguration().frameworkUrl(archive.toUri().toString()).karafVersion(KARAF_VERSION)
            .name("Astrid Capsule Karaf").unpackDirectory(unpacked.toFile()).useDeployFolder(false),
        // No terminal here, and no SSH port to share with other builds.
        configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
        editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.repositories", ""),
        editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.localRepository",
            System.getProperty("org.ops4j.pax.url.mvn.localRepository")),
        editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.offline", "true"),
        editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", freePort()),
        editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", freePort()),
        editConfigurationFilePut("etc/io.astrid.capsule.gateway.cfg", "gateway.http.port", freePort()),
        Services.testingSupport(),
        bootDelegationPackages(BOOT_DELEGATION),
        // The JVM runs in the unpacked Karaf's home: these paths are relative to it (bin/setenv, bin/karaf).
        vmOptions("-Xmx1g", "-XX:+UnlockDiagnosticVMOptions", "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow", "-javaagent:lib/agent/capsule-karaf-agent.jar",
            "-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI", "--upgrade-module-path=lib/compiler",
            "--module-path=lib/modules", "--add-modules=ALL-MODULE-PATH",
            "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
            "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + KARAF_VERSION + ".jar",
            "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + KARAF_VERSION + ".jar",
            "--add-opens", "java.base/java.security=ALL-UNNAMED", "--add-opens", "java.base/java.net=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
            "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
            "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
            "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
            "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED")));
    all.addAll(moreOptions());
    return options(all.toArray(Option[]::new));
  }

  /**
   * Waits until Karaf installed and started its boot features (its {@link BootFinished} service). Pax Exam starts the
   * probe's tests as soon as the framework runs: before that, the features service may still be installing (the
   * boot features, then Pax Exam's own), and the shell has not registered every command yet ({@code bundle:*},
   * {@code feature:*} or {@code config:*} "Command not found", depending on the moment).
   */
  @Before
  public void bootFinished() throws InterruptedException {
    service(BootFinished.class, BOOT);
  }

  /** More options of a subclass, such as the roots it docks (none here). */
  protected List<Option> moreOptions() throws IOException {
    return List.of();
  }

  /** Docks {@code roots} at boot: the assembly's {@code etc/io.astrid.capsule.roots.cfg}. */
  protected static Option roots(Path roots) {
    return editConfigurationFilePut("etc/io.astrid.capsule.roots.cfg", "roots", roots.toString());
  }

  /** The installed bundle of this symbolic name; an assertion error naming it when there is none. */
  protected Bundle installed(String symbolicName) {
    return Services.bundle(context, symbolicName);
  }

  /** The Karaf instance's home: the capsules' workspace (the directory Karaf runs in). */
  protected static Path karafHome() {
    return Path.of(System.getProperty("karaf.home"));
  }

  /** The service of this type once registered, within {@code timeout}; an assertion error naming it otherwise. */
  protected <T> T service(Class<T> type, Duration timeout) throws InterruptedException {
    return Services.await(context, type, timeout);
  }

  /**
   * Runs one command line in a new session of Karaf's shell, as an operator logged in as an admin would type it in
   * the console, and returns what it printed; a command that fails throws, as the console reports it
   * ({@code Error executing command: ...}). Karaf checks a command's roles (its {@code etc/*.acl.*.cfg}) on the threads
   * Gogo runs the command's pipe on, not the caller's, and says "Command not found" where it finds no subject with
   * the role. So the subject is bound as Karaf's console binds its user ({@code JaasHelper.doAs}: a context with a
   * {@link SubjectDomainCombiner}), which our agent carries, on Java 25, to the threads started while it is bound:
   * the session's pipe threads. {@code Subject.callAs} alone binds it to the calling thread only.
   */
  @SuppressWarnings("removal") // the Java 17 way Karaf 4.4 binds a user, which the agent answers on Java 25
  protected String shell(String command) throws Exception {
    Subject admin = new Subject();
    admin.getPrincipals().add(new UserPrincipal("tester"));
    for (String role : List.of("admin", "manager", "viewer", "systembundles")) {
      admin.getPrincipals().add(new RolePrincipal(role));
    }
    SessionFactory sessions = service(SessionFactory.class, BOOT);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    AccessControlContext asAdmin = new AccessControlContext(AccessController.getContext(),
        new SubjectDomainCombiner(admin));
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      AccessController.doPrivileged((PrivilegedExceptionAction<Object>) () -> {
        try (Session session = sessions.create(InputStream.nullInputStream(), out, out)) {
          return session.execute(command);
        }
      }, asAdmin);
    } catch (PrivilegedActionException e) {
      throw e.getException();
    }
    return printed.toString(StandardCharsets.UTF_8);
  }

  private static String freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return Integer.toString(socket.getLocalPort());
    }
  }

  /**
   * Copies the named examples (the repository's examples/) into a fresh directory under {@code capsule.it.states}:
   * the roots to dock. Called from {@link #moreOptions()}, in the test's JVM.
   */
  protected static Path examplesRoot(String... examples) throws IOException {
    Path root = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("capsule.it.states"))),
        "karaf-roots-");
    for (String example : examples) {
      Path from = Path.of(System.getProperty("capsule.examples")).resolve(example);
      try (var files = Files.walk(from)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path target = root.resolve(example).resolve(from.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target);
          }
        }
      }
    }
    return root;
  }
}
