package io.astrid.capsule.security;

import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.api.security.WorkspaceFileException;
import io.astrid.capsule.api.security.WorkspaceFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;

/**
 * {@link WorkspaceFiles} on the composed gate: each call is judged once, audited with the real
 * path, and performed on exactly that path by {@link WorkspaceTree}.
 */
final class GatedWorkspaceFiles implements WorkspaceFiles {
  private final ComposedGate gate;

  GatedWorkspaceFiles(ComposedGate gate) {
    this.gate = gate;
  }

  @Override
  public boolean exists(SecuritySubject subject, String path) {
    FilePolicy.JudgedPath target = allowed(subject, new GateRequest.FileRead(path));
    return io(path, () -> WorkspaceTree.exists(target));
  }

  @Override
  public List<Entry> list(SecuritySubject subject, String path) {
    FilePolicy.JudgedPath target = allowed(subject, new GateRequest.FileRead(path));
    return io(path, () -> WorkspaceTree.list(target));
  }

  @Override
  public Entry stat(SecuritySubject subject, String path) {
    FilePolicy.JudgedPath target = allowed(subject, new GateRequest.FileRead(path));
    return io(path, () -> WorkspaceTree.stat(target));
  }

  @Override
  public byte[] read(SecuritySubject subject, String path, int maxBytes) {
    FilePolicy.JudgedPath target = allowed(subject, new GateRequest.FileRead(path));
    return io(path, () -> WorkspaceTree.read(target, maxBytes));
  }

  @Override
  public void write(SecuritySubject subject, String path, byte[] content) {
    FilePolicy.JudgedPath target = allowed(subject, new GateRequest.FileWrite(path));
    io(path, () -> {
      WorkspaceTree.write(target, content);
      return null;
    });
  }

  @Override
  public void createDirectories(SecuritySubject subject, String path) {
    FilePolicy.JudgedPath target = allowed(subject, new GateRequest.FileWrite(path));
    io(path, () -> {
      WorkspaceTree.createDirectories(target);
      return null;
    });
  }

  @Override
  public void delete(SecuritySubject subject, String path) {
    FilePolicy.JudgedPath target = allowed(subject, new GateRequest.FileWrite(path));
    io(path, () -> {
      WorkspaceTree.delete(target);
      return null;
    });
  }

  private FilePolicy.JudgedPath allowed(SecuritySubject subject, GateRequest request) {
    ManifestGate.Judged judged = gate.judge(subject, request);
    if (!judged.decision().allowed()) {
      throw WorkspaceFileException.denied(request.resource(), judged.decision().reason());
    }
    return judged.path().orElseThrow(() -> new IllegalStateException("an allowed file request has a judged path"));
  }

  /** A file system step whose failures become the phrases a guest author knows. */
  private interface Step<T> {
    T run() throws IOException;
  }

  private static <T> T io(String path, Step<T> step) {
    try {
      return step.run();
    } catch (NoSuchFileException e) {
      throw WorkspaceFileException.failed(path, "no such file or directory", e);
    } catch (DirectoryNotEmptyException e) {
      throw WorkspaceFileException.failed(path, "the directory is not empty", e);
    } catch (NotDirectoryException e) {
      throw WorkspaceFileException.failed(path, "not a directory", e);
    } catch (FileAlreadyExistsException e) {
      throw WorkspaceFileException.failed(path, "exists and is not a directory", e);
    } catch (AccessDeniedException e) {
      throw WorkspaceFileException.failed(path, "permission denied by the host's file system", e);
    } catch (WorkspaceTree.Refused e) {
      throw WorkspaceFileException.failed(path, e.getMessage(), e);
    } catch (IOException e) {
      throw WorkspaceFileException.failed(path, String.valueOf(e.getMessage()), e);
    }
  }
}
