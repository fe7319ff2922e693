/** Input accounting: lines read, accepted and rejected per file, and the first rejected lines as samples. */

import type { RejectedLine, RunResult } from '../result.js';
import type { TrafficFormat } from '../traffic/index.js';

export const MAX_REJECTED_SAMPLES = 100;

type InputFile = RunResult['input']['files'][number];

export class InputTally {
  readonly files: InputFile[] = [];
  readonly samples: RejectedLine[] = [];
  read = 0;
  accepted = 0;
  rejected = 0;

  startFile(file: string, format: TrafficFormat): InputFile {
    const entry: InputFile = { file, format, read: 0, accepted: 0, rejected: 0 };
    this.files.push(entry);
    return entry;
  }

  accept(file: InputFile): void {
    file.read++;
    file.accepted++;
    this.read++;
    this.accepted++;
  }

  reject(file: InputFile, line: RejectedLine): void {
    file.read++;
    file.rejected++;
    this.read++;
    this.rejected++;
    if (this.samples.length < MAX_REJECTED_SAMPLES) this.samples.push(line);
  }

  get ratio(): number {
    return this.read === 0 ? 0 : this.rejected / this.read;
  }

  summary(maxRejectedRatio: number): RunResult['input'] {
    return {
      files: this.files,
      read: this.read,
      accepted: this.accepted,
      rejected: this.rejected,
      rejected_ratio: this.ratio,
      max_rejected_ratio: maxRejectedRatio,
      rejected_samples: this.samples,
    };
  }
}
