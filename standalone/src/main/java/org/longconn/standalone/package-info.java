/**
 * The stand-alone run's broker: an embedded ActiveMQ Artemis on loopback, started by
 * {@code ./run.sh} in its own process beside the gateway so that the JMS path is live out of the
 * box and outside services (JMS, STOMP, AMQP) can publish pushes to it.
 */
package org.longconn.standalone;
