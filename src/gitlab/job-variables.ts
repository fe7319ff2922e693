/**
 * The variables `traffic-governance gitlab job` reads (src/gitlab/job.ts): the GitLab template sets
 * each from the input of the same name. Apart from the job, so that the CLI's help can list them
 * without loading the GitLab client.
 */
import { DEFAULT_REPORT_PREFIX } from '../report/dotenv.js';

/** Every variable the job reads: the template input it comes from, and its default (the input's). */
export const JOB_VARIABLES = {
  TG_TRAFFIC: { input: 'traffic', default: '' },
  TG_FORMAT: { input: 'format', default: 'auto' },
  TG_POLICY_ARTIFACT: { input: 'policy_artifact', default: 'traffic-governance/policy-artifact.json' },
  TG_POLICY_VERSION: { input: 'policy_version', default: '' },
  TG_EXPECTED_POLICY_HASH: { input: 'expected_policy_hash', default: '' },
  TG_POLICY_PUBLIC_KEY: { input: 'policy_public_key', default: '' },
  TG_POLICY_THRESHOLD: { input: 'policy_threshold', default: '1' },
  TG_MIN_POLICY_VERSION: { input: 'min_policy_version', default: '' },
  TG_EXPECTED_CHECKPOINT: { input: 'expected_checkpoint', default: '' },
  TG_TIER: { input: 'tier', default: 'CONTROL' },
  TG_WARN_EXIT_CODE: { input: 'warn_exit_code', default: '3' },
  TG_MR_NOTE: { input: 'mr_note', default: 'false' },
  TG_OUTPUT_DIR: { input: 'output_dir', default: 'traffic-governance-report' },
  TG_REPORT_PREFIX: { input: 'report_prefix', default: DEFAULT_REPORT_PREFIX },
} as const;
