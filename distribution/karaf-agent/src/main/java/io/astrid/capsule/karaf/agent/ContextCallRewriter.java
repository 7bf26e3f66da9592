package io.astrid.capsule.karaf.agent;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.Set;

/**
 * Rewrites, in classes outside named modules, the static calls {@link JavaSubjects} answers for: the owner
 * ({@code javax.security.auth.Subject} or {@code java.security.AccessController}) becomes {@code JavaSubjects},
 * name and descriptor stay. Classes that name no {@code AccessControlContext} are returned untouched without
 * being parsed; that is nearly all of them.
 */
final class ContextCallRewriter implements ClassFileTransformer {
  private static final byte[] MARKER = "java/security/AccessControlContext".getBytes(StandardCharsets.US_ASCII);
  private static final ClassDesc SUBJECT = ClassDesc.of("javax.security.auth.Subject");
  private static final ClassDesc ACCESS_CONTROLLER = ClassDesc.of("java.security.AccessController");
  private static final ClassDesc REPLACEMENT = ClassDesc.of(JavaSubjects.class.getName());
  private static final Set<String> DO_PRIVILEGED = Set.of(
      "(Ljava/security/PrivilegedAction;Ljava/security/AccessControlContext;)Ljava/lang/Object;",
      "(Ljava/security/PrivilegedExceptionAction;Ljava/security/AccessControlContext;)Ljava/lang/Object;",
      "(Ljava/security/PrivilegedAction;Ljava/security/AccessControlContext;[Ljava/security/Permission;)"
          + "Ljava/lang/Object;",
      "(Ljava/security/PrivilegedExceptionAction;Ljava/security/AccessControlContext;[Ljava/security/Permission;)"
          + "Ljava/lang/Object;");
  private static final String GET_SUBJECT = "(Ljava/security/AccessControlContext;)Ljavax/security/auth/Subject;";

  @Override
  public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
      ProtectionDomain domain, byte[] classfile) {
    if (module.isNamed() || !mentionsContext(classfile)) {
      return null;
    }
    try {
      return rewrite(classfile, loader);
    } catch (RuntimeException | LinkageError e) {
      // A transformer's exception is swallowed by the JVM; say which class keeps the Java 25 behaviour.
      System.err.println("capsule-karaf-agent: cannot rewrite [" + className + "]: " + e);
      return null;
    }
  }

  /**
   * The class with its context calls rewritten, or {@code null} when it has none. Stack maps are recomputed
   * against the classes {@code loader} sees (a bundle's own types are not on the system class path).
   */
  static byte[] rewrite(byte[] classfile, ClassLoader loader) {
    ClassHierarchyResolver hierarchy = ClassHierarchyResolver.ofResourceParsing(loader == null
        ? ClassLoader.getPlatformClassLoader() : loader).orElse(ClassHierarchyResolver.defaultResolver());
    ClassFile files = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(hierarchy));
    ClassModel model = files.parse(classfile);
    boolean[] found = {false};
    CodeTransform swap = (code, element) -> {
      if (replaced(element)) {
        InvokeInstruction call = (InvokeInstruction) element;
        code.invokestatic(REPLACEMENT, call.name().stringValue(), MethodTypeDesc.ofDescriptor(call.type()
            .stringValue()));
        found[0] = true;
      } else {
        code.with(element);
      }
    };
    byte[] rewritten = files.transformClass(model, ClassTransform.transformingMethodBodies(swap));
    return found[0] ? rewritten : null;
  }

  private static boolean replaced(CodeElement element) {
    if (!(element instanceof InvokeInstruction call) || call.opcode() != Opcode.INVOKESTATIC) {
      return false;
    }
    ClassDesc owner = call.owner().asSymbol();
    String name = call.name().stringValue();
    String type = call.type().stringValue();
    return owner.equals(SUBJECT) && name.equals("getSubject") && type.equals(GET_SUBJECT)
        || owner.equals(ACCESS_CONTROLLER) && name.equals("doPrivileged") && DO_PRIVILEGED.contains(type);
  }

  private static boolean mentionsContext(byte[] classfile) {
    for (int start = 0; start <= classfile.length - MARKER.length; start++) {
      if (Arrays.equals(classfile, start, start + MARKER.length, MARKER, 0, MARKER.length)) {
        return true;
      }
    }
    return false;
  }
}
