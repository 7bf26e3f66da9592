/** The {@link io.astrid.capsule.api.host.CronScheduler} service. Nothing here is exported. */
package io.astrid.capsule.scheduler;
