/**
 * The two deal pipelines of the sandbox portal, in HubSpot's pipelines-v3 shape: metadata values are strings
 * ("true"/"false", "0.2"), as HubSpot returns them.
 */

export interface StageDef {
  id: string;
  label: string;
  probability: number;
  isClosed: boolean;
  won: boolean;
}

export interface PipelineDef {
  id: string;
  label: string;
  displayOrder: number;
  stages: StageDef[];
}

export const DEAL_PIPELINES: readonly PipelineDef[] = [
  {
    id: 'default',
    label: 'Sales Pipeline',
    displayOrder: 0,
    stages: [
      { id: 'appointmentscheduled', label: 'Appointment Scheduled', probability: 0.2, isClosed: false, won: false },
      { id: 'qualifiedtobuy', label: 'Qualified To Buy', probability: 0.4, isClosed: false, won: false },
      { id: 'presentationscheduled', label: 'Presentation Scheduled', probability: 0.6, isClosed: false, won: false },
      { id: 'decisionmakerboughtin', label: 'Decision Maker Bought-In', probability: 0.8, isClosed: false, won: false },
      { id: 'contractsent', label: 'Contract Sent', probability: 0.9, isClosed: false, won: false },
      { id: 'closedwon', label: 'Closed Won', probability: 1, isClosed: true, won: true },
      { id: 'closedlost', label: 'Closed Lost', probability: 0, isClosed: true, won: false },
    ],
  },
  {
    id: '1480137',
    label: 'Renewals & Expansion',
    displayOrder: 1,
    stages: [
      { id: '1480138', label: 'Renewal upcoming', probability: 0.3, isClosed: false, won: false },
      { id: '1480139', label: 'Renewal in negotiation', probability: 0.6, isClosed: false, won: false },
      { id: '1480140', label: 'Verbal commit', probability: 0.9, isClosed: false, won: false },
      { id: '1480141', label: 'Renewed', probability: 1, isClosed: true, won: true },
      { id: '1480142', label: 'Churned', probability: 0, isClosed: true, won: false },
    ],
  },
];

export function findStage(stageId: string): { pipeline: PipelineDef; stage: StageDef } | undefined {
  for (const pipeline of DEAL_PIPELINES) {
    const stage = pipeline.stages.find((s) => s.id === stageId);
    if (stage) return { pipeline, stage };
  }
  return undefined;
}
