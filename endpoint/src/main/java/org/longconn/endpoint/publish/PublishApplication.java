package org.longconn.endpoint.publish;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Mounts the gateway's HTTP API under {@code /longconn/api}. */
@ApplicationPath("api")
public class PublishApplication extends Application {}
