/**
 * The deploy job queue in the database, shared by every instance of the service.
 *
 * <p>Terms: a <em>job</em> is one unit of background work on a subject (a deployment), of a
 * <em>kind</em> (deploy, destroy). A worker <em>takes</em> a job with {@code SELECT ... FOR UPDATE
 * SKIP LOCKED}, holding a <em>lease</em> it renews (heartbeat) while it works; a job whose lease
 * ran out belonged to a worker that died and is taken again, by any instance, with {@code
 * recovered} set. Plain JDBC over a {@link javax.sql.DataSource}, no Quarkus, so a second worker
 * can run on its own connections against the same database.
 */
package dev.hangar.marketplace.jobs;
