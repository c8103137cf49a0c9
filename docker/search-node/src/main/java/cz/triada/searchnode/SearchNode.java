package cz.triada.searchnode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node in one JVM, with the modules the project needs (HTTP/transport over Netty,
 * the common analysis chain with the Czech stemmer) loaded from the classpath instead of a
 * distribution's modules folder: Maven Central publishes the jars, not the distribution.
 *
 * <p>Usage: {@code java -cp target/classes:target/lib/* cz.triada.searchnode.SearchNode HOME PORT
 * [PARENT_PID]}. Data and logs live under HOME; the node listens on 127.0.0.1:PORT only. With
 * PARENT_PID the node stops when that process is gone, so a killed test run leaves no JVM behind.
 */
public final class SearchNode {
  private static final class ClasspathNode extends Node {
    ClasspathNode(Settings settings) {
      super(
          InternalSettingsPreparer.prepareEnvironment(
              settings, Collections.emptyMap(), null, () -> "triada-search"),
          List.of(Netty4Plugin.class, CommonAnalysisPlugin.class),
          true);
    }
  }

  private SearchNode() {}

  private static void watchParent(long pid) {
    Thread watcher =
        new Thread(
            () -> {
              while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                  Thread.sleep(2000);
                } catch (InterruptedException error) {
                  return;
                }
              }
              System.exit(0);
            },
            "parent-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]).toAbsolutePath();
    Files.createDirectories(home.resolve("data"));
    Files.createDirectories(home.resolve("logs"));
    Settings settings =
        Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "triada-search")
            .put("node.name", "triada-search")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", args[1])
            .put("transport.port", "0")
            .put("action.auto_create_index", "false")
            .put("cluster.routing.allocation.disk.threshold_enabled", "false")
            .build();
    Node node = new ClasspathNode(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    node.close();
                  } catch (Exception error) {
                    error.printStackTrace();
                  }
                  stopped.countDown();
                }));
    node.start();
    if (args.length > 2) {
      watchParent(Long.parseLong(args[2]));
    }
    System.out.println("triada-search node started on 127.0.0.1:" + args[1]);
    stopped.await();
  }
}
