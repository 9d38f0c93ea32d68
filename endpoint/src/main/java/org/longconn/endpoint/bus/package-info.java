/**
 * The bus every push travels on, so that pushes made anywhere reach every gateway node by one
 * path and in one order. {@link org.longconn.endpoint.bus.Bus} is the seam (publish, and one
 * handler per node); {@link org.longconn.endpoint.bus.InMemoryBus} serves a single node and
 * {@link org.longconn.endpoint.bus.ArtemisBus} a cluster through the broker, chosen from
 * {@link org.longconn.endpoint.bus.BusConfig} at start.
 */
package org.longconn.endpoint.bus;
