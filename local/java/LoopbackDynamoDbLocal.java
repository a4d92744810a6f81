import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local, listening on the loopback interface only. DynamoDB Local has
 * no option for the address it binds: its server is built from the usual
 * command-line arguments, then, before it starts, its connectors are told to
 * listen on 127.0.0.1, so nothing but this machine can reach the data. It
 * stops when the process that started it does: no Java is left behind.
 */
public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    for (Connector connector : jetty.getConnectors()) ((ServerConnector) connector).setHost("127.0.0.1");
    proxy.start();
    // Its parent holds our standard input: when the parent is gone, however it went, so are we.
    while (System.in.read() != -1) {}
    System.exit(0);
  }
}
