import { describe, expect, it } from 'vitest';
import { audioTokenCount, ModelLoadError, parseJsonFile, promptConfigSchema } from '../../src/model/index.ts';

describe('audioTokenCount', () => {
  it.each([
    [1100, 143],
    [150, 20],
    [100, 13],
    [1, 1],
    [0, 0],
    [99, 13],
    [250, 33],
  ])('maps %i mel frames to %i audio tokens (model-contract §5)', (frames, tokens) => {
    expect(audioTokenCount(frames, 100, 13)).toBe(tokens);
  });
});

describe('parseJsonFile', () => {
  it('names the file and the field that breaks the schema', () => {
    try {
      parseJsonFile('prompt_config.json', JSON.stringify({ layout_version: 3 }), promptConfigSchema);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ModelLoadError);
      expect((error as ModelLoadError).code).toBe('EARSHOT_ERR_MODEL_CONFIG');
      expect((error as ModelLoadError).file).toBe('prompt_config.json');
      expect((error as ModelLoadError).message).toContain('layout_version');
    }
  });

  it('reports invalid JSON as EARSHOT_ERR_MODEL_CONFIG', () => {
    expect(() => parseJsonFile('config.json', '{', promptConfigSchema)).toThrow(
      expect.objectContaining({ code: 'EARSHOT_ERR_MODEL_CONFIG', file: 'config.json' }),
    );
  });
});
