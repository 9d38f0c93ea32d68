package org.longconn.appserver;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

    @Override
    public void stop() throws Exception {
        asadmin("stop-domain", domain);
    }

    private void asadmin(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/asadmin").toString(), "--port", Integer.toString(SuitePorts.port(domain, "admin"))));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AS_JAVA", System.getProperty("java.home"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("asadmin " + String.join(" ", arguments) + " failed:\n" + output);
        }
    }
}
