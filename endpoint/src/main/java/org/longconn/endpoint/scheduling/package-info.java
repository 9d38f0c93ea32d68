/**
 * The node's shared timers and closer threads (call timeouts, idle checks, close grace periods),
 * owned by the deployment and stopped on undeploy. A package of its own because both the inbound
 * side and the lifecycle use it: kept inside {@code lifecycle} it made the two depend on each other.
 */
package org.longconn.endpoint.scheduling;
