/** Name of the model (its folder's name). */
export declare const MODEL_NAME = 'earshot-tiny-en';
/** Absolute path of the model folder (holds earshot-model.json, the graphs, tokenizer and configs). */
export declare const MODEL_DIR: string;
