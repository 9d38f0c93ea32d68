package org.longconn.appserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The README's GlassFish (and Payara) steps with {@code asadmin}, in a {@link LoopbackDomain}. */
final class AsadminSteps implements ReadmeSteps {

    private final Path home;
    private final String domain;

    AsadminSteps(Path home, String domain) {
        this.home = home;
        this.domain = domain;
    }

    @Override
    public void start() throws Exception {
        LoopbackDomain.create(home, domain, Map.of());
        asadmin("start-domain", domain);
    }

    @Override
    public void configure(String brokerUrl, String nodeId) throws Exception {
        asadmin(
                "create-system-properties",
                "longconn.brokerUrl=" + brokerUrl.replace(":", "\\:") + ":longconn.nodeId=" + nodeId);
    }

    @Override
    public void deployStandby(Path war) throws Exception {
        asadmin("deploy", "--contextroot", "/", "--name", "longconn-standby", war.toString());
    }

    @Override
    public void deployGateway(Path ear) throws Exception {
        asadmin("deploy", ear.toString());
    }

    @Override
    public void undeployGateway() throws Exception {
        asadmin("undeploy", "longconn");
    }

    @Override
    public void undeployStandby() throws Exception {
        asadmin("undeploy", "longconn-standby");
    }

    /** {@code stop-domain}; a server it could not stop is killed (its pid is in the domain). */
    @Override
    public void stop() throws Exception {
        try {
            asadmin("stop-domain", domain);
        } finally {
            GlassFishServers.process(home, domain)
                    .filter(ProcessHandle::isAlive)
                    .ifPresent(server -> {
                        server.destroyForcibly();
                        server.onExit().join();
                    });
        }
    }

    private void asadmin(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/asadmin").toString(), "--port", Integer.toString(SuitePorts.port(domain, "admin"))));
        command.addAll(List.of(arguments));
        Commands.run(command, Map.of("AS_JAVA", System.getProperty("java.home")), Duration.ofSeconds(180));
    }
}
