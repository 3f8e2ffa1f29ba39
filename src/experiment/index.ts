/**
 * `genrekit/experiment`: rerun a published table from a config (experiments/*.json): check a
 * config before any work (`loadExperimentConfig`), run it resumably (`runExperiment`: data ->
 * features -> split -> train -> evaluate), write its report (`writeExperimentReport`: Markdown,
 * JSON, confusion matrices) and gather reports into RESULTS.md (`writeResults`).
 */
export { PROTOCOL_NAMES, experimentConfigSchema, loadExperimentConfig, checkExperimentConfig, describeData, type ExperimentConfig, type ExperimentModel, type ExperimentProtocol, type LoadedExperiment, type ProtocolName } from './config.js';
export { experimentDefaults, runExperiment, type ExperimentRunOptions, type ExperimentEvent } from './run.js';
export type { ExperimentOutcome, ProtocolOutcome, ModelOutcome, UnitResult, NodeAccuracy } from './outcome.js';
export { EXPERIMENT_REPORT_FILES, experimentMarkdown, writeExperimentReport } from './report.js';
export { resultsMarkdown, writeResults } from './results.js';
