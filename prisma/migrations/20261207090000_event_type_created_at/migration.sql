-- Insights count the runs that ended in a period (server/insights/read-insights.ts): the Converged, Stalled,
-- Failed and Exhausted events of that time, an index range instead of a scan of every event.

-- CreateIndex
CREATE INDEX "Event_type_createdAt_idx" ON "Event"("type", "createdAt");
