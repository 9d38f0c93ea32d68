/**
 * Health for load balancers and orchestrators: {@code /longconn/health/live} (the node answers)
 * and {@code /longconn/health/ready} (the node should get traffic: started, not stopping, its bus
 * carrying pushes).
 */
package org.longconn.endpoint.health;
